job "web" {
  datacenters = ["dc1"]

  group "frontend" {
    shutdown_delay = "5s"

    network {
      port "http" {
        to = 80
      }
      port "https" {
        static = 8443
        to     = 443
      }
    }

    service {
      name = "web"
      port = "http"
    }

    task "nginx" {
      driver = "docker"

      config {
        image = "nginx:1.27"
        ports = ["http", "https"]
      }

      resources {
        cpu    = 200
        memory = 128
      }
    }
  }
}
