# nomad: 1.x
# expect: driver-error
# A 0.x jobspec half-migrated: the ports moved to the group network but docker still uses
# `port_map`, which only maps task-level networks. Nomad's docker driver refuses the task;
# the fix is `ports = ["http"]` in the config and `to = 8080` on the port.
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
