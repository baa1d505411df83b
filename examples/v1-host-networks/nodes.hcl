node "node-1" {
  network {
    device = "eth0"
    cidr   = "10.0.0.10/24"
  }
  network {
    device = "eth1"
    cidr   = "203.0.113.10/24"
  }
  host_network "public" {
    cidr           = "203.0.113.0/24"
    interface      = "eth1"
    reserved_ports = "22"
  }
  host_network "private" {
    cidr = "10.0.0.0/24"
  }
}

node "node-2" {
  network {
    device = "eth0"
    cidr   = "10.0.0.11/24"
  }
  host_network "private" {
    cidr = "10.0.0.0/24"
  }
}
