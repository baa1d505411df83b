job "web" {
  datacenters = ["dc1"]

  group "frontend" {
    task "app" {
      driver = "docker"

      config {
        image = "hashicorp/http-echo"
        port_map = {
          http = 8080
        }
      }

      resources {
        cpu    = 250
        memory = 128

        network {
          mbits = 10
          port "http" {}
        }
      }
    }
  }
}
