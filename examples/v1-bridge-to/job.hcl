# nomad: 1.x
# Bridge mode with `to`: the app listens on 8080 inside its network namespace; Nomad maps a
# dynamic host port to it. NOMAD_PORT_http is 8080, NOMAD_HOST_PORT_http the host port.
job "web" {
  datacenters = ["dc1"]

  group "frontend" {
    count = 2

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
