# One client with one interface, as Nomad 0.2 fingerprints it: the first IPv4 address as a /32.
node "node-1" {
  resources {
    cpu    = 4000
    memory = 8192
  }

  network {
    device = "eth0"
    cidr   = "10.0.0.10/32"
    mbits  = 1000
  }
}
