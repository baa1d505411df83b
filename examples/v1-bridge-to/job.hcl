job "web" {
  datacenters = ["dc1"]

  group "frontend" {
    count          = 2
    shutdown_delay = "5s"

    network {
      mode = "bridge"
      port "http" {
        to = 8080
      }
    }

    service {
      name = "web"
      port = "http"
    }

    task "app" {
      driver = "docker"

      config {
        image = "hashicorp/http-echo"
        args  = ["-listen", ":8080", "-text", "hello"]
      }

      resources {
        cpu    = 200
        memory = 128
      }
    }
  }
}
