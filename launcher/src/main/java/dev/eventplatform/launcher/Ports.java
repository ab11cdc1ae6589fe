package dev.eventplatform.launcher;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/** Checks on local TCP ports, so a taken port is a clear message rather than a failed process. */
public final class Ports {

  private Ports() {}

  /** Throws a {@link LaunchException} that names the port, its user and the option to change it. */
  public static void requireFree(int port, String user, String option) {
    if (!isFree(port)) {
      throw new LaunchException(
          "port "
              + port
              + " ("
              + user
              + ") is already in use: stop what uses it, or choose another"
              + " port with "
              + option
              + " N");
    }
  }

  public static boolean isFree(int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  public static boolean isOpen(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** A port that was free a moment ago, for tests and for ports nobody needs to know in advance. */
  public static int anyFree() {
    try (ServerSocket socket = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new LaunchException("cannot find a free local port: " + e.getMessage(), e);
    }
  }
}
