import Foundation
import Homeostat
import HomeostatCore
import Hummingbird
import NIOCore

extension AgentServer {
    /// `GET /api/v1/alerts`, `GET /api/v1/alerts/history`, `GET|POST /api/v1/alerts/rules`,
    /// `DELETE /api/v1/alerts/rules/NAME`.
    static func addAlertRoutes(to router: Router<BasicRequestContext>, engine: HomeostatEngine, token: String?) {
        let alerts = engine.alerts
        router.get("/api/v1/alerts") { _, _ -> Response in
            json(AlertsReport(monitor: alerts), status: .ok)
        }
        router.get("/api/v1/alerts/history") { request, _ -> Response in
            let parameters = request.uri.queryParameters
            var limit = 100
            if let text = parameters.get("limit") {
                guard let parsed = Int(text), (1...10_000).contains(parsed) else {
                    throw HTTPError(
                        .badRequest, message: "limit: expected a whole number from 1 to 10000, got '\(text)'")
                }
                limit = parsed
            }
            do {
                return json(
                    AlertHistoryReport(history: try alerts.history(limit: limit, rule: parameters.get("rule"))),
                    status: .ok)
            } catch {
                throw HTTPError(.internalServerError, message: "cannot read alert history: \(error)")
            }
        }
        router.get("/api/v1/alerts/rules") { _, _ -> Response in
            json(AlertRulesReport(monitor: alerts), status: .ok)
        }
        router.post("/api/v1/alerts/rules") { request, _ -> Response in
            if let refusal = unauthorized(request, token: token) { return refusal }
            var request = request
            let body = Data(try await request.collectBody(upTo: 64 * 1024).readableBytesView)
            let rule: AlertRule
            do {
                rule = try AlertMonitor.parseRule(json: body, catalog: alerts.catalog, fromAPI: true)
            } catch let error as AlertRuleRequestError {
                throw HTTPError(error.kind == .forbidden ? .forbidden : .badRequest, message: error.description)
            }
            do {
                try alerts.addRule(rule, body: String(decoding: body, as: UTF8.self))
            } catch {
                throw HTTPError(.conflict, message: "\(error)")
            }
            return json(AlertRuleDocument(rule, removable: true), status: .created)
        }
        router.delete("/api/v1/alerts/rules/:name") { request, context -> Response in
            if let refusal = unauthorized(request, token: token) { return refusal }
            let name = context.parameters.get("name") ?? ""
            switch alerts.removeRule(named: name) {
            case .removed:
                return json(["deleted": name], status: .ok)
            case .notFound:
                throw HTTPError(.notFound, message: "no alert rule named '\(name)'")
            case .notRemovable:
                throw HTTPError(
                    .conflict,
                    message: "alert rule '\(name)' is a default or configured rule; change it in the configuration file"
                )
            }
        }
    }
}
