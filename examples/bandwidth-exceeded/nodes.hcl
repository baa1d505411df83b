node "node-1" {
  network {
    device = "eth0"
    cidr   = "10.0.0.10/32"
    mbits  = 1000
  }

  alloc "ingest" {
    job = "ingest"
    task "recorder" {
      network {
        device = "eth0"
        ip     = "10.0.0.10"
        mbits  = 500
        port "rtmp" {
          static = 1935
        }
      }
    }
  }
}
