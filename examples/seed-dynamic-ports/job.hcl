# nomad: 0.2
# Dynamic ports: Nomad picks `http` and `https` from 20000-59999 and hands them to the task
# as NOMAD_PORT_http and NOMAD_PORT_https, with the address in NOMAD_IP.
job "webservice" {
  datacenters = ["dc1"]

  task "webservice" {
    driver = "exec"

    config {
      command = "/usr/local/bin/start-command"
    }

    resources {
      cpu    = 500
      memory = 256

      network {
        mbits = 10
        port "http" {}
        port "https" {}
      }
    }
  }
}
