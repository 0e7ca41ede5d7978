import Foundation
import HomeostatCore

/// A minimal blocking HTTP/1.1 client (GET and POST) for talking to a local agent, so the CLI needs no
/// HTTP stack of its own. Sends `Connection: close` and reads the whole response.
enum LocalHTTPClient {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// The body of a `200 OK` answer to GET `path`.
    /// - Throws: ``Failure`` naming the agent, the status and the body it sent for any other status.
    static func getOK(_ address: ListenAddress, path: String, timeout: Double = 3) throws -> Data {
        let (status, body) = try get(address, path: path, timeout: timeout)
        guard status == 200 else {
            throw Failure(
                description: "agent at \(address) answered \(status): \(String(decoding: body, as: UTF8.self))")
        }
        return body
    }

    /// `route?name=value&…` with each value percent-encoded (RFC 3986 unreserved characters stay).
    static func path(_ route: String, query parameters: [(String, String)]) -> String {
        guard !parameters.isEmpty else { return route }
        return route + "?" + parameters.map { "\($0.0)=\(percentEncoded($0.1))" }.joined(separator: "&")
    }

    static func percentEncoded(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                out += "%" + (byte < 16 ? "0" : "") + String(byte, radix: 16, uppercase: true)
            }
        }
        return out
    }

    /// - Parameter timeout: seconds for connecting and for the whole exchange.
    /// - Returns: status code and body.
    static func get(_ address: ListenAddress, path: String, timeout: Double = 3) throws -> (status: Int, body: Data) {
        try exchange(address, request: "GET \(path) HTTP/1.1\r\nHost: \(address)\r\n", body: nil, timeout: timeout)
    }

    /// POSTs `body` (JSON) to `path`, with `Authorization: Bearer <bearer>` when given.
    /// - Parameter timeout: seconds for connecting and for the whole exchange.
    /// - Returns: status code and body.
    static func post(
        _ address: ListenAddress, path: String, json body: Data, bearer: String? = nil, timeout: Double = 3
    ) throws -> (status: Int, body: Data) {
        var head = "POST \(path) HTTP/1.1\r\nHost: \(address)\r\nContent-Type: application/json\r\n"
        head += "Content-Length: \(body.count)\r\n"
        if let bearer { head += "Authorization: Bearer \(bearer)\r\n" }
        return try exchange(address, request: head, body: body, timeout: timeout)
    }

    /// DELETEs `path` with `Authorization: Bearer <bearer>` when given.
    /// - Returns: status code and body.
    static func delete(_ address: ListenAddress, path: String, bearer: String? = nil, timeout: Double = 3) throws
        -> (status: Int, body: Data)
    {
        var head = "DELETE \(path) HTTP/1.1\r\nHost: \(address)\r\nContent-Length: 0\r\n"
        if let bearer { head += "Authorization: Bearer \(bearer)\r\n" }
        return try exchange(address, request: head, body: nil, timeout: timeout)
    }

    /// Sends the request line and headers in `head` (each line ending in CRLF), the closing headers and
    /// `body`, and reads the response.
    private static func exchange(_ address: ListenAddress, request head: String, body: Data?, timeout: Double) throws
        -> (status: Int, body: Data)
    {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        let host = address.host == "0.0.0.0" ? "127.0.0.1" : (address.host == "::" ? "::1" : address.host)
        guard getaddrinfo(host, String(address.port), &hints, &list) == 0, let first = list else {
            throw Failure(description: "cannot resolve \(address.host)")
        }
        defer { freeaddrinfo(list) }
        let fd = socket(first.pointee.ai_family, first.pointee.ai_socktype, first.pointee.ai_protocol)
        guard fd >= 0 else { throw Failure(description: "socket: \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var limit = timeval(tv_sec: Int(timeout), tv_usec: Int((timeout - timeout.rounded(.down)) * 1e6))
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        guard connect(fd, first.pointee.ai_addr, first.pointee.ai_addrlen) == 0 else {
            throw Failure(description: "cannot connect to \(address): \(String(cString: strerror(errno)))")
        }
        let request = head + "Connection: close\r\nAccept: application/json\r\n\r\n"
        let bytes = Array(request.utf8) + Array(body ?? Data())
        guard bytes.withUnsafeBytes({ send(fd, $0.baseAddress, $0.count, 0) }) == bytes.count else {
            throw Failure(description: "cannot send to \(address)")
        }
        var response = Data()
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n == 0 { break }
            guard n > 0 else { throw Failure(description: "no answer from \(address) within \(timeout) s") }
            response.append(contentsOf: buffer[0..<n])
            if let complete = parse(response) { return complete }
        }
        guard let complete = parse(response, closed: true) else {
            throw Failure(description: "\(address) sent an incomplete HTTP response")
        }
        return complete
    }

    /// Status and body once the response is complete (by Content-Length, or at close).
    private static func parse(_ data: Data, closed: Bool = false) -> (status: Int, body: Data)? {
        guard let headerEnd = data.range(of: Data("\r\n\r\n".utf8)) else { return nil }
        guard let head = String(data: data[data.startIndex..<headerEnd.lowerBound], encoding: .utf8) else { return nil }
        let lines = head.components(separatedBy: "\r\n")
        let statusParts = lines.first?.split(separator: " ") ?? []
        guard statusParts.count >= 2, let status = Int(statusParts[1]) else { return nil }
        let body = data[headerEnd.upperBound...]
        let lengthLine = lines.first { $0.lowercased().hasPrefix("content-length:") }
        if let lengthLine,
            let length = Int(lengthLine.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces))
        {
            guard body.count >= length else { return nil }
            return (status, Data(body.prefix(length)))
        }
        return closed ? (status, Data(body)) : nil
    }
}
