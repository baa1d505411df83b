variable "base_port" {
  type    = number
  default = 9000
}

variable "environment" {
  default = "staging"
}

locals {
  admin_port = var.base_port + 1
  name       = "cache-${var.environment}"
}

job "cache" {
  datacenters = ["dc1"]

  group "cache" {
    shutdown_delay = "5s"

    network {
      port "client" {
        static = var.base_port
      }
      port "admin" {
        static = local.admin_port
      }
    }

    service {
      name = local.name
      port = "client"
    }

    task "memcached" {
      driver = "exec"

      config {
        command = "/usr/bin/memcached"
        args    = ["-p", "${NOMAD_PORT_client}"]
      }
    }
  }
}
