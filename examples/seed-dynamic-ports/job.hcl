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
