job "v6" {
  datacenters = ["dc1"]

  group "web" {
    network {
      port "https" {
        static = 8443
      }
    }

    task "server" {
      driver = "exec"

      config {
        command = "/usr/bin/server"
      }
    }
  }
}
