node "client-1" {
  resources {
    cpu    = 4000
    memory = 8192
  }
  network {
    device = "eth0"
    cidr   = "10.0.0.10/24"
  }
}

node "client-2" {
  resources {
    cpu    = 4000
    memory = 8192
  }
  network {
    device = "eth0"
    cidr   = "10.0.0.11/24"
  }
}
