job "vm" {
  datacenters = ["dc1"]

  group "linux" {
    task "guest" {
      driver = "qemu"

      config {
        image_path = "local/linux.img"
        port_map {
          ssh = 22
          web = 8080
        }
      }

      resources {
        cpu    = 1000
        memory = 1024

        network {
          mbits = 20
          port "ssh" {
            static = 22000
          }
          port "web" {}
        }
      }
    }
  }
}
