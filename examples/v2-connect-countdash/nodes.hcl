node "client-1" {
  datacenter = "dc1"
  resources {
    cpu    = 4000
    memory = 8192
  }
  network {
    device = "eth0"
    cidr   = "10.0.0.10/24"
  }
  attributes {
    "kernel.name"     = "linux"
    "consul.version"  = "1.21.4"
  }
}
