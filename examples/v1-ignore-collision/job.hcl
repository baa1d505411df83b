# nomad: 1.x
# `ignore_collision` lets a host-mode static port be placed where the port is already taken
# (both processes bind it with SO_REUSEPORT, say). Only valid in host mode.
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
