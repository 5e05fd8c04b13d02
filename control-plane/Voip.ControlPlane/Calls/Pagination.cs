namespace Voip.ControlPlane.Calls;

public sealed record Pagination(int Page, int Limit, long Total, long Pages);
