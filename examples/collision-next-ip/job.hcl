# nomad: 0.2
# Static port 8080 is taken on the node's first address, so Nomad walks the CIDR block and
# gives the task the next address where 8080 is free.
job "proxy" {
  datacenters = ["dc1"]

  group "edge" {
    task "haproxy" {
      driver = "docker"

      config {
        image = "haproxy:1.6"
      }

      resources {
        cpu    = 500
        memory = 256

        network {
          mbits = 10
          port "http" {
            static = 8080
          }
        }
      }
    }
  }
}
