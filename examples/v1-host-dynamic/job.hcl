job "api" {
  datacenters = ["dc1"]

  group "api" {
    network {
      port "http" {}
      port "metrics" {}
    }

    task "server" {
      driver = "exec"

      config {
        command = "/usr/local/bin/api"
        args    = ["-addr", "${NOMAD_ADDR_http}"]
      }

      env {
        METRICS_ADDR = "${NOMAD_IP_metrics}:${NOMAD_PORT_metrics}"
      }
    }
  }
}
