# The interface owns a /30: Nomad tries 10.0.0.8, .9, .10, .11 in order.
node "node-1" {
  network {
    device = "eth0"
    cidr   = "10.0.0.8/30"
    mbits  = 1000
  }

  alloc "legacy-web" {
    job = "legacy"
    task "nginx" {
      network {
        device = "eth0"
        ip     = "10.0.0.8"
        mbits  = 10
        port "http" {
          static = 8080
        }
      }
    }
  }
}
