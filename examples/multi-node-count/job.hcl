# nomad: 0.2
# Five instances of a cache on three nodes. Each instance needs the static port 6379, so a
# node can hold only one; the scheduler spreads them and two stay unplaced.
job "cache" {
  datacenters = ["dc1"]

  group "redis" {
    count = 5

    task "redis" {
      driver = "docker"

      config {
        image = "redis:3.2"
        port_map {
          db = 6379
        }
      }

      resources {
        cpu    = 500
        memory = 256

        network {
          mbits = 10
          port "db" {
            static = 6379
          }
          port "metrics" {}
        }
      }
    }
  }
}
