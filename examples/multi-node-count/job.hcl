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
