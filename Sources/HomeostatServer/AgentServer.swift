import Foundation
import Homeostat
import HomeostatCore
import Hummingbird
import Logging
import NIOCore

/// The agent's HTTP API on Hummingbird.
///
/// | route | answer |
/// |---|---|
/// | `GET /healthz` | `{"status":"ok", …}`; 503 when no collection happened for 3 intervals |
/// | `GET /api/v1/metrics/realtime[?name=PREFIX]` | the latest ``RealtimeReport`` |
/// | `GET /api/v1/metrics/history?name=NAME[&prefix=true][&seconds=S][&label=K:V…]` | recent points |
/// | `GET /api/v1/query?series=SELECTOR[&start=T][&end=T][&step=S][&agg=FN][&tier=T]` | ``QueryResult`` JSON; without `start`, the latest value of each series |
/// | `GET /api/v1/analytics/trends[?series=SELECTOR][&period=24h][&step=S]` | ``TrendReport`` JSON |
/// | `GET /api/v1/analytics/correlations[?series=SELECTOR…][&period=1h][&step=S][&max_lag=5m][&top=10][&correction=bh]` | ``CorrelationReport`` JSON |
/// | `GET /api/v1/bottlenecks[?window=10s]` | ``BottleneckReport`` JSON: the USE method over the window's live history |
/// | `GET /api/v1/predict[?horizon=1h][&confidence=0.95]` | ``ResourcePrediction`` JSON: per resource, forecast and time to exhaustion |
/// | `GET /api/v1/anomalies` | ``AnomaliesReport`` JSON: the series flagged in the latest cycle |
/// | `GET /api/v1/incidents[?limit=N]` | ``IncidentsReport`` JSON: the open incident and recent closed ones (N ≤ 100, default 20) |
/// | `POST /api/v1/anomalies/feedback` | bearer token; `{"series","verdict"}` → `{"series","verdict","sensitivity"}`; 401, 400 naming the field, 404 |
/// | `GET /api/v1/alerts` | ``AlertsReport`` JSON: pending and firing alerts |
/// | `GET /api/v1/alerts/history[?limit=N][&rule=NAME]` | ``AlertHistoryReport`` JSON (N ≤ 10000, default 100) |
/// | `GET /api/v1/alerts/rules` | ``AlertRulesReport`` JSON |
/// | `POST /api/v1/alerts/rules` | bearer token; a rule as JSON (keys of `homeostat.yaml`) → 201; 400 naming the field, 403 for command actions, 409 for a configured rule's name |
/// | `DELETE /api/v1/alerts/rules/NAME` | bearer token; 200, 404, 409 for default or configured rules |
///
/// Binds 127.0.0.1:7777 by default. Mutating routes (feedback, alert rules) need `Authorization: Bearer
/// <token>` with the data directory's token.
public enum AgentServer {
    /// The router with every route, for the application and for in-process tests.
    /// - Parameter token: the bearer token mutating routes require; nil refuses every mutating request (401).
    public static func router(
        engine: HomeostatEngine, token: String? = nil, startedAt: Date = Date()
    ) -> Router<BasicRequestContext> {
        let router = Router()
        // The agent's own request counts and latencies join its metric stream (swift-metrics backend).
        router.add(middleware: MetricsMiddleware())
        let interval = engine.config.monitoring.collectionInterval

        router.get("/healthz") { _, _ -> Response in
            let now = Date().timeIntervalSince1970
            let latest = engine.live.latest
            let age = latest.map { now - $0.timestamp }
            let healthy =
                age.map { $0 <= 3 * interval + 1 } ?? (now - startedAt.timeIntervalSince1970 <= 3 * interval + 1)
            let counts = engine.live.counts
            let body = Health(
                status: healthy ? "ok" : "stale", uptimeSeconds: now - startedAt.timeIntervalSince1970,
                lastCollection: latest?.timestamp, collections: counts.cycles, skippedTicks: counts.skippedTicks,
                pid: getpid())
            return json(body, status: healthy ? .ok : .serviceUnavailable)
        }

        router.get("/api/v1/metrics/realtime") { request, _ -> Response in
            let prefix = request.uri.queryParameters.get("name")
            guard let report = engine.realTimeMetrics(namePrefix: prefix) else {
                throw HTTPError(.serviceUnavailable, message: "no collection yet; retry after \(interval) s")
            }
            return jsonResponse(report.json(), status: .ok)
        }

        router.get("/api/v1/metrics/history") { request, _ -> Response in
            let query = request.uri.queryParameters
            guard let name = query.get("name"), !name.isEmpty else {
                throw HTTPError(.badRequest, message: "missing query parameter 'name' (a metric name)")
            }
            var since = -Double.infinity
            if let secondsText = query.get("seconds") {
                guard let seconds = Double(secondsText), seconds > 0, seconds.isFinite else {
                    throw HTTPError(.badRequest, message: "'seconds' must be a positive number, got '\(secondsText)'")
                }
                since = Date().timeIntervalSince1970 - seconds
            }
            var labels: [Label] = []
            for text in query.getAll("label") {
                let parts = text.split(separator: ":", maxSplits: 1).map(String.init)
                guard parts.count == 2 else {
                    throw HTTPError(.badRequest, message: "'label' must be NAME:VALUE, got '\(text)'")
                }
                labels.append(Label(parts[0], parts[1]))
            }
            let prefix = query.get("prefix") == "true"
            let series = engine.live.history(named: name, prefix: prefix, labels: labels, since: since).map {
                HistoryReport.Series(
                    name: $0.series.name,
                    labels: Dictionary($0.series.labels.map { ($0.name, $0.value) }, uniquingKeysWith: { $1 }),
                    unit: $0.unit, points: $0.points.map { [$0.time, $0.value] })
            }
            return json(HistoryReport(series: series), status: .ok)
        }
        router.get("/api/v1/query") { request, _ -> Response in
            guard let memory = engine.memory else {
                throw HTTPError(.serviceUnavailable, message: "this agent keeps no metric memory (no store)")
            }
            let now = Int64((Date().timeIntervalSince1970 * 1000).rounded(.down))
            let query: QueryRequest
            do {
                let parameters = request.uri.queryParameters
                query = try QueryRequest(parameter: { parameters.get($0) }, now: now)
            } catch {
                throw HTTPError(.badRequest, message: "\(error)")
            }
            let queryEngine = MetricQueryEngine(memory: memory)
            let result: QueryResult
            do {
                if let range = query.range {
                    result = try await queryEngine.run(range, now: now)
                } else {
                    result = try await queryEngine.latest(query.selector, now: now)
                }
            } catch let error as QueryError {
                throw HTTPError(error.kind == .store ? .internalServerError : .badRequest, message: error.description)
            }
            return jsonResponse(Data(result.json().utf8), status: .ok)
        }
        router.get("/api/v1/analytics/trends") { request, _ -> Response in
            let (analytics, parsed, now) = try analyticsRequest(
                request, engine: engine, defaultPeriod: 86_400_000, singleSeries: true)
            do {
                let report = try await analytics.analyzeTrends(
                    period: parsed.period, selector: parsed.selectors[0], now: now, step: parsed.step)
                return json(report, status: .ok)
            } catch let error as AnalyticsError {
                throw HTTPError(error.kind == .store ? .internalServerError : .badRequest, message: error.description)
            }
        }
        router.get("/api/v1/analytics/correlations") { request, _ -> Response in
            let (analytics, parsed, now) = try analyticsRequest(
                request, engine: engine, defaultPeriod: 3_600_000, singleSeries: false)
            do {
                let report = try await analytics.findCorrelations(
                    selectors: parsed.selectors, period: parsed.period, step: parsed.step, maxLag: parsed.maxLag,
                    topK: parsed.top, correction: parsed.correction, now: now)
                return json(report, status: .ok)
            } catch let error as AnalyticsError {
                throw HTTPError(error.kind == .store ? .internalServerError : .badRequest, message: error.description)
            }
        }
        router.get("/api/v1/bottlenecks") { request, _ -> Response in
            var window = 10.0
            if let text = request.uri.queryParameters.get("window") {
                do {
                    window = Double(try QueryTime.duration(text)) / 1000
                } catch {
                    throw HTTPError(.badRequest, message: "window: \(error)")
                }
            }
            do {
                return json(try engine.identifyBottlenecks(window: window), status: .ok)
            } catch let error as AnalyticsError {
                throw HTTPError(error.kind == .noData ? .serviceUnavailable : .badRequest, message: error.description)
            }
        }
        router.get("/api/v1/predict") { request, _ -> Response in
            let parameters = request.uri.queryParameters
            var horizon = 3600.0
            if let text = parameters.get("horizon") {
                do {
                    horizon = Double(try QueryTime.step(text)) / 1000
                } catch {
                    throw HTTPError(.badRequest, message: "horizon: \(error)")
                }
            }
            var confidence = 0.95
            if let text = parameters.get("confidence") {
                guard let value = Double(text), value > 0, value < 1 else {
                    throw HTTPError(
                        .badRequest, message: "confidence: expected a number in (0, 1) such as 0.95, got '\(text)'")
                }
                confidence = value
            }
            do {
                return json(
                    try await engine.predictResourceNeeds(timeHorizon: horizon, confidenceLevel: confidence),
                    status: .ok)
            } catch let error as AnalyticsError {
                let status: HTTPResponse.Status =
                    switch error.kind {
                    case .invalidParameter: .badRequest
                    case .noData: .serviceUnavailable
                    case .store: .internalServerError
                    }
                throw HTTPError(status, message: error.description)
            }
        }
        addAnomalyRoutes(to: router, engine: engine, token: token)
        addAlertRoutes(to: router, engine: engine, token: token)
        return router
    }

    /// `GET /api/v1/anomalies`, `GET /api/v1/incidents`, `POST /api/v1/anomalies/feedback`.
    private static func addAnomalyRoutes(
        to router: Router<BasicRequestContext>, engine: HomeostatEngine, token: String?
    ) {
        router.get("/api/v1/anomalies") { _, _ -> Response in
            json(AnomaliesReport(monitor: engine.anomalies), status: .ok)
        }
        router.get("/api/v1/incidents") { request, _ -> Response in
            var limit = 20
            if let text = request.uri.queryParameters.get("limit") {
                guard let parsed = Int(text), (1...100).contains(parsed) else {
                    throw HTTPError(.badRequest, message: "limit: expected a whole number from 1 to 100, got '\(text)'")
                }
                limit = parsed
            }
            return json(IncidentsReport(monitor: engine.anomalies, limit: limit), status: .ok)
        }
        router.post("/api/v1/anomalies/feedback") { request, _ -> Response in
            if let refusal = unauthorized(request, token: token) { return refusal }
            var request = request
            let body = try await request.collectBody(upTo: 64 * 1024)
            do {
                let feedback = try AnomalyFeedbackRequest(json: Data(body.readableBytesView))
                let sensitivity = try engine.anomalies.feedback(series: feedback.series, verdict: feedback.verdict)
                return json(
                    FeedbackAnswer(
                        series: feedback.series, verdict: feedback.verdict.rawValue, sensitivity: sensitivity),
                    status: .ok)
            } catch let error as AnomalyFeedbackError {
                let status: HTTPResponse.Status
                switch error.code {
                case .invalidBody: status = .badRequest
                case .unknownSeries: status = .notFound
                case .notPersisted: status = .internalServerError
                }
                throw HTTPError(status, message: error.description)
            }
        }
    }

    /// A 401 response unless the request carries `Authorization: Bearer <token>`; nil when it does.
    static func unauthorized(_ request: Request, token: String?) -> Response? {
        if let token, let given = bearerToken(request), constantTimeEqual(given, token) { return nil }
        return Response(
            status: .unauthorized,
            headers: [.contentType: "application/json", .wwwAuthenticate: "Bearer realm=\"homeostat\""],
            body: ResponseBody(
                byteBuffer: ByteBuffer(
                    string: "{\"error\":{\"message\":\"missing or wrong bearer token (see the token "
                        + "file in the agent's data directory)\"}}")))
    }

    /// The token of an `Authorization: Bearer <token>` header.
    private static func bearerToken(_ request: Request) -> String? {
        guard let header = request.headers[.authorization] else { return nil }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        return parts[1].trimmingCharacters(in: .whitespaces)
    }

    /// Compares without stopping at the first difference, so timing does not reveal a prefix of the token.
    private static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8)
        let y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var difference: UInt8 = 0
        for (p, q) in zip(x, y) { difference |= p ^ q }
        return difference == 0
    }

    /// The application serving ``router(engine:token:startedAt:)`` on `address`.
    /// - Parameters:
    ///   - token: the bearer token mutating routes require (the data directory's `token`).
    ///   - onListening: called with the bound port once the socket listens (useful with port 0).
    public static func application(
        engine: HomeostatEngine, address: ListenAddress, token: String? = nil, logger: Logger,
        onListening: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        Application(
            router: router(engine: engine, token: token),
            configuration: ApplicationConfiguration(
                address: .hostname(address.host, port: address.port), serverName: "homeostat"),
            onServerRunning: { channel in await onListening(channel.localAddress?.port ?? address.port) },
            logger: logger)
    }

    /// The analytics engine and the parsed parameters of an analytics route; 400 naming a bad parameter,
    /// 503 without a metric memory. Trends take a single `series`.
    private static func analyticsRequest(
        _ request: Request, engine: HomeostatEngine, defaultPeriod: Int64, singleSeries: Bool
    ) throws -> (PerformanceAnalytics, AnalyticsRequest, Int64) {
        guard let memory = engine.memory else {
            throw HTTPError(.serviceUnavailable, message: "this agent keeps no metric memory (no store)")
        }
        let parameters = request.uri.queryParameters
        if singleSeries, parameters.getAll("series").count > 1 {
            throw HTTPError(.badRequest, message: "series: give one selector for trends (use =~ to match several)")
        }
        let parsed: AnalyticsRequest
        do {
            parsed = try AnalyticsRequest(
                parameters: { name in parameters.getAll(name).map { String($0) } }, defaultPeriod: defaultPeriod)
        } catch {
            throw HTTPError(.badRequest, message: error.description)
        }
        let now = Int64((Date().timeIntervalSince1970 * 1000).rounded(.down))
        return (PerformanceAnalytics(memory: memory), parsed, now)
    }

    static func json<Body: Encodable>(_ body: Body, status: HTTPResponse.Status) -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = (try? encoder.encode(body)) ?? Data("{}".utf8)
        return jsonResponse(data, status: status)
    }

    private static func jsonResponse(_ data: Data, status: HTTPResponse.Status) -> Response {
        Response(
            status: status, headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }
}

/// `POST /api/v1/anomalies/feedback`'s answer.
struct FeedbackAnswer: Codable, Sendable {
    var series: String
    var verdict: String
    /// The column's sensitivity after the feedback.
    var sensitivity: Double
}

/// `GET /healthz`.
struct Health: Codable, Sendable {
    var status: String
    var uptimeSeconds: Double
    var lastCollection: Double?
    var collections: Int
    var skippedTicks: Int
    var pid: Int32

    enum CodingKeys: String, CodingKey {
        case status, collections, pid
        case uptimeSeconds = "uptime_seconds"
        case lastCollection = "last_collection"
        case skippedTicks = "skipped_ticks"
    }
}

/// `GET /api/v1/metrics/history`: `{"series":[{"name":…,"labels":{…},"unit":…,"points":[[t,v],…]}]}`.
public struct HistoryReport: Codable, Sendable {
    public struct Series: Codable, Sendable {
        public var name: String
        public var labels: [String: String]
        public var unit: String
        public var points: [[Double]]
    }
    public var series: [Series]
}
