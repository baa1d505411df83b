# nomad: 0.2
# Mapped ports: the container listens on 8080; docker publishes the dynamic host port to it.
# With `port_map`, NOMAD_PORT_http shows the container port (8080), not the host port.
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
