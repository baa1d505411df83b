variable "ports" {
  type = map(number)
  default = {
    http    = 8080
    metrics = 9100
  }
}

job "api" {
  datacenters = ["dc1"]

  group "api" {
    network {
      mode = "bridge"
      dynamic "port" {
        for_each = var.ports
        labels   = [port.key]
        content {
          to = port.value
        }
      }
    }

    task "server" {
      driver = "docker"

      config {
        image = "example/api:1.0"
      }
    }
  }
}
