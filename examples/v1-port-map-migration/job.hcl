job "web" {
  datacenters = ["dc1"]

  group "frontend" {
    network {
      port "http" {}
    }

    task "app" {
      driver = "docker"

      config {
        image = "hashicorp/http-echo"
        port_map {
          http = 8080
        }
      }
    }
  }
}
