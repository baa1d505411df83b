variable "count" {
  type        = number
  default     = 2
  description = "How many instances of the web group to run"
}

variable "http_port" {
  type        = number
  default     = 8080
  description = "The static host port the app listens on"
}

job "web" {
  datacenters = ["dc1"]

  group "web" {
    count = var.count

    network {
      port "http" {
        static = var.http_port
      }
    }

    task "app" {
      driver = "docker"

      config {
        image = "hashicorp/http-echo"
        args  = ["-listen", ":${NOMAD_PORT_http}", "-text", "hello"]
      }

      resources {
        cpu    = 200
        memory = 128
      }
    }
  }
}
