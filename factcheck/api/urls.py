"""/api/v1/: the desk over HTTP. Every write goes through the same services as the admin."""

from django.urls import path, re_path, register_converter

from . import actions, articles, auth, bulk, claims, evidence, matches, public, sources, tips, verdicts, webhooks
from .base import IdConverter
from .errors import not_found

app_name = "api"
register_converter(IdConverter, "id")

CLAIM_ACTIONS = {
    "dismiss": actions.ClaimDismiss,
    "reopen": actions.ClaimReopen,
    "assign": actions.ClaimAssign,
    "unassign": actions.ClaimUnassign,
    "reassign": actions.ClaimReassign,
    "start": actions.ClaimStart,
    "submit": actions.ClaimSubmit,
    "approve": actions.ClaimApprove,
    "vote": actions.ClaimVote,
    "return": actions.ClaimReturn,
    "publish": actions.ClaimPublish,
    "correct": actions.ClaimCorrect,
    "retract": actions.ClaimRetract,
    "priority": actions.ClaimPriority,
    "details": actions.ClaimDetails,
    "dismiss-match": actions.ClaimDismissMatch,
}

urlpatterns = [
    path("auth/token/", auth.TokenLogin.as_view(), name="token"),
    path("auth/token/revoke/", auth.TokenRevoke.as_view(), name="token-revoke"),
    path("auth/token/revoke-all/", auth.TokenRevokeAll.as_view(), name="token-revoke-all"),
    path("articles/", articles.ArticleListCreate.as_view(), name="article-list"),
    path("articles/<int:pk>/", articles.ArticleDetail.as_view(), name="article-detail"),
    path("claims/", claims.ClaimList.as_view(), name="claim-list"),
    path("claims/bulk/assign/", bulk.BulkAssign.as_view(), name="claim-bulk-assign"),
    path("claims/bulk/dismiss/", bulk.BulkDismiss.as_view(), name="claim-bulk-dismiss"),
    path("claims/bulk/auto-assign/", bulk.BulkAutoAssign.as_view(), name="claim-bulk-auto-assign"),
    path("claims/<id:pk>/", claims.ClaimDetailView.as_view(), name="claim-detail"),
    path("claims/<id:pk>/history/", claims.ClaimHistory.as_view(), name="claim-history"),
    path("claims/<id:pk>/evidence/", evidence.ClaimEvidence.as_view(), name="claim-evidence"),
    path("claims/<id:pk>/verdict/", verdicts.ClaimVerdict.as_view(), name="claim-verdict"),
    *(path(f"claims/<id:pk>/{name}/", view.as_view(), name=f"claim-{name}") for name, view in CLAIM_ACTIONS.items()),
    path("evidence/<id:pk>/", evidence.EvidenceItem.as_view(), name="evidence-detail"),
    path("matches/", matches.Matches.as_view(), name="matches"),
    path("ratings/", public.RatingList.as_view(), name="rating-list"),
    path("fact-checks/", public.FactCheckList.as_view(), name="factcheck-list"),
    path("fact-checks/<slug:slug>/", public.FactCheckDetail.as_view(), name="factcheck-detail"),
    path("webhooks/", webhooks.WebhookList.as_view(), name="webhook-list"),
    path("webhooks/<id:pk>/", webhooks.WebhookItem.as_view(), name="webhook-detail"),
    path("tips/", tips.TipCreate.as_view(), name="tip-create"),
    path("fact-checks/<slug:slug>/reports/", tips.FactCheckReportCreate.as_view(), name="factcheck-report-create"),
    path("reports/", tips.ReportList.as_view(), name="report-list"),
    path("reports/<id:pk>/resolve/", tips.ReportResolve.as_view(), name="report-resolve"),
    path("sources/", sources.SourceList.as_view(), name="source-list"),
    path("sources/<id:pk>/", sources.SourceDetail.as_view(), name="source-detail"),
    # Anything else under /api/v1/ is a JSON 404 in the one error shape, not Django's HTML page.
    re_path(r"^[\s\S]*\Z", not_found, name="not-found"),
]
