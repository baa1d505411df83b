node "node-1" {
  resources {
    cpu    = 4000
    memory = 8192
  }
  network {
    device = "eth0"
    cidr   = "10.0.1.10/32"
    mbits  = 1000
  }
  reserved {
    cpu    = 100
    memory = 256
    network {
      device = "eth0"
      ip     = "10.0.1.10"
      mbits  = 1
      port "ssh" {
        static = 22
      }
    }
  }
}

node "node-2" {
  resources {
    cpu    = 4000
    memory = 8192
  }
  network {
    device = "eth0"
    cidr   = "10.0.1.11/32"
    mbits  = 1000
  }
}

node "node-3" {
  resources {
    cpu    = 2000
    memory = 4096
  }
  network {
    device = "eth0"
    cidr   = "10.0.1.12/32"
    mbits  = 100
  }
}
