# nomad: 1.x
# Two host networks: the public port lands on eth1's address, the admin port on the private
# one. Only node-1 has both networks; node-2 is filtered out with "missing host network".
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
