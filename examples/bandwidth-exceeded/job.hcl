# nomad: 0.2
# The task asks for 600 MBits; the only node has 1000 with 500 already in use.
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
