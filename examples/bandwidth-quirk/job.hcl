job "uploads" {
  datacenters = ["dc1"]

  group "workers" {
    task "uploader" {
      driver = "exec"

      config {
        command = "/usr/bin/uploader"
      }

      resources {
        cpu    = 100
        memory = 64

        network {
          mbits = 60
          port "api" {}
        }
      }
    }

    task "mirror" {
      driver = "exec"

      config {
        command = "/usr/bin/mirror"
      }

      resources {
        cpu    = 100
        memory = 64

        network {
          mbits = 60
          port "api" {}
        }
      }
    }
  }
}
