/// An abuse table ("SASL Authentication Failures by Client", "Relay Access Denied by Client"):
/// its clients by attempts, cut to the top `limit` as the host/domain tables are (`-h`,
/// `--detail`; an archive's pages, 100), with how many clients there were in all — the same
/// shape as theirs.
public typealias AbuseClientTable = DomainTable<AbuseClientRow>
