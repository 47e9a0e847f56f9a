"""Operations: health checks, request ids and structured logs, and the request-level security pieces
(login lockout responses, the client address behind proxies, refusing malformed requests)."""
