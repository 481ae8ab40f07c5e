/// What was measured about each retailer, in flat per-retailer arrays (index `i` is one retailer):
/// the input of ``RiskScorer``. NaN means "not measurable" (no terminal, no history, no account).
///
/// Peer groups come as three nested levels of integer ids (finest first): county × business type,
/// city × business type, and business type. The scorer compares with the finest level that has at least
/// `minimumPeers` members.
public struct RetailerMeasurements: Sendable {
    public var count: Int
    public var countyPeers: [Int32]
    public var cityPeers: [Int32]
    public var typePeers: [Int32]

    /// Cartons per week in the recent window and before it (NaN without earlier orders).
    public var recentRate: [Double]
    public var baselineRate: [Double]
    /// log(last recent month's rate / first recent month's rate): the slope inside the recent window.
    public var recentTrend: [Double]
    /// The largest sustained rise of the monthly orders relative to the business type's monthly median:
    /// max over change points of mean(log relative level after) − mean(before), at least two months each
    /// side and running to the last month (NaN with under four months).
    public var stepChange: [Double]
    /// Ordered packs ÷ POS packs over the span the terminal covers.
    public var posRatio: [Double]
    /// log(POS packs in the second half of the terminal window / first half).
    public var posGrowth: [Double]
    /// Share of POS packs sold 22:00–06:00 local time.
    public var nightShare: [Double]
    /// Jensen–Shannon divergence (base 2) of recent against trailing brand shares.
    public var brandDivergence: [Double]
    public var premiumRecent: [Double]
    public var premiumTrailing: [Double]
    /// Share of quota-brand order lines placed at the cap.
    public var quotaCapShare: [Double]
    /// Share of ordered cartons placed in the last days of a month.
    public var monthEndShare: [Double]
    /// Money (yuan) moved to or from counterparties nobody knows, how many such counterparties, and
    /// that money as a share of the shop's purchases over the same months.
    public var unknownFlowYuan: [Double]
    public var unknownCounterparties: [Double]
    public var unknownFlowShare: [Double]
    /// Cases naming the licence; cases naming the owner's id number or phone; tips naming the shop.
    public var licenceCases: [Double]
    public var ownerCases: [Double]
    /// The last on-site verification of a warning about the shop: 1 confirmed, -1 dismissed, 0 none.
    /// Feedback from the closed loop; it overrides case history as a training label.
    public var verified: [Int8]
    public var tips: [Double]
    /// Night loading/unloading events recorded by cameras near the shop (the video analysis's
    /// `retailer_video` findings; zero when that analysis has not run).
    public var nightLoading: [Double]
    /// Returned cartons ÷ ordered cartons over the order history (NaN under 20 cartons).
    public var returnShare: [Double]
    /// Kilometres from the shop to the nearest logistics-park camera (物流园) and highway-exit camera
    /// (高速出入口), capped at ``RetailerMeasurements/hubRadiusKm``; NaN when the shop has no coordinates or
    /// no camera of that kind is known.
    public var logisticsParkKm: [Double]
    public var highwayExitKm: [Double]
    /// How far the hub distances are measured; farther reads as this value.
    public static let hubRadiusKm = 50.0
    /// Business registry: revoked or deregistered (吊销/注销); on the abnormal-operation list.
    public var registryClosed: [Bool]
    public var abnormalList: [Bool]
    /// Licence suspended or cancelled, or expired, while orders continue.
    public var invalidLicenceOrdering: [Bool]
    public var expiredLicenceOrdering: [Bool]

    /// Empty measurements for `count` retailers: everything NaN, zero or false.
    public init(count: Int) {
        self.count = count
        let nan = [Double](repeating: .nan, count: count)
        let zero = [Double](repeating: 0, count: count)
        let no = [Bool](repeating: false, count: count)
        let group = [Int32](repeating: 0, count: count)
        countyPeers = group
        cityPeers = group
        typePeers = group
        recentRate = zero
        baselineRate = nan
        recentTrend = nan
        stepChange = nan
        posRatio = nan
        posGrowth = nan
        nightShare = nan
        brandDivergence = nan
        premiumRecent = nan
        premiumTrailing = nan
        quotaCapShare = nan
        monthEndShare = nan
        unknownFlowYuan = zero
        unknownCounterparties = zero
        unknownFlowShare = nan
        licenceCases = zero
        ownerCases = zero
        verified = [Int8](repeating: 0, count: count)
        tips = zero
        nightLoading = zero
        returnShare = nan
        logisticsParkKm = nan
        highwayExitKm = nan
        registryClosed = no
        abnormalList = no
        invalidLicenceOrdering = no
        expiredLicenceOrdering = no
    }
}
