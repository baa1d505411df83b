job "dns" {
  datacenters = ["dc1"]

  task "dnsservice" {
    driver = "exec"

    config {
      command = "/usr/sbin/dnsmasq"
    }

    resources {
      cpu    = 200
      memory = 64

      network {
        mbits = 1
        port "dns" {
          static = 53
        }
      }
    }
  }
}
