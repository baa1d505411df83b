job "transcoder" {
  datacenters = ["dc1"]

  task "ffmpeg" {
    driver = "exec"

    config {
      command = "/usr/bin/ffmpeg"
    }

    resources {
      cpu    = 2000
      memory = 1024

      network {
        mbits = 600
        port "stream" {}
      }
    }
  }
}
