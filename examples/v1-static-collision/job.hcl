job "proxy" {
  datacenters = ["dc1"]

  group "edge" {
    network {
      port "http" {
        static = 8080
      }
    }

    task "nginx" {
      driver = "docker"

      config {
        image = "nginx:1.25"
        ports = ["http"]
      }
    }
  }
}
