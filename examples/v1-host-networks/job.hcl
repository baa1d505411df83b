job "edge" {
  datacenters = ["dc1"]

  group "proxy" {
    network {
      port "https" {
        static       = 443
        host_network = "public"
      }
      port "admin" {
        host_network = "private"
      }
    }

    task "haproxy" {
      driver = "docker"

      config {
        image = "haproxy:2.8"
        ports = ["https", "admin"]
      }
    }
  }
}
