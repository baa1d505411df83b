# nomad: 1.x
# Ports built with a `dynamic "port"` block: one port per entry of the `ports` variable.
# Nomad expands the block before it schedules the job, so each entry becomes a labelled port
# with its own NOMAD_PORT_<label>.
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
