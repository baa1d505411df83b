# nomad: 1.x
# Static port 8080 is already held by an allocation on node-1, so the scheduler places the
# instance on node-2 and records "network: reserved port collision http=8080" for node-1.
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
