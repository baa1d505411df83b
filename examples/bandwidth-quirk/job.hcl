# nomad: 0.2
# Nomad 0.2 never recorded the bandwidth of placed work (the offer carried no MBits), so two
# tasks asking 60 MBits each both fit on a 100 MBit link. Fixed in Nomad 0.4.
job "uploads" {
  datacenters = ["dc1"]

  group "workers" {
    task "uploader" {
      driver = "exec"

      config {
        command = "/usr/bin/uploader"
      }

      resources {
        cpu    = 100
        memory = 64

        network {
          mbits = 60
          port "api" {}
        }
      }
    }

    task "mirror" {
      driver = "exec"

      config {
        command = "/usr/bin/mirror"
      }

      resources {
        cpu    = 100
        memory = 64

        network {
          mbits = 60
          port "api" {}
        }
      }
    }
  }
}
