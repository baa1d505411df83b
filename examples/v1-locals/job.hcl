# nomad: 1.x
# `locals` computed from a variable: the admin port is always the base port plus one, and the
# job name carries the environment. Change `base_port` and both static ports move.
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
