job "dns" {
  datacenters = ["dc1"]

  group "resolver" {
    network {
      mode = "host"
      port "dns" {
        static           = 53
        ignore_collision = true
      }
    }

    task "coredns" {
      driver = "exec"

      config {
        command = "/usr/bin/coredns"
      }
    }
  }
}
