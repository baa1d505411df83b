node "node-v6" {
  network {
    device = "eth0"
    cidr   = "fd00::10/64"
  }
}
