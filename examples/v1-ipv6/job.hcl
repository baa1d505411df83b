# nomad: 1.x
# An IPv6 node address: addresses in NOMAD_ADDR_* are bracketed ([fd00::10]:8443).
job "v6" {
  datacenters = ["dc1"]

  group "web" {
    network {
      port "https" {
        static = 8443
      }
    }

    task "server" {
      driver = "exec"

      config {
        command = "/usr/bin/server"
      }
    }
  }
}
