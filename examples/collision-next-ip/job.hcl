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
