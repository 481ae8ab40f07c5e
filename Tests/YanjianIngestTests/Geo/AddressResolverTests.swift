import Testing
import YanjianCore
@testable import YanjianIngest

@Suite("Address → adcode with memos in front of the address normaliser")
struct AddressResolverTests {
    static let addresses = [
        "陕西省西安市雁塔区小寨东路12号", "陕西省西安市雁塔区科技路3号", "陕西省西安市雁塔区", "陕西西安雁塔区小寨东路",
        "北京市朝阳区建国路1号", "北京市朝阳区", "北京朝阳区三里屯", "吉林省长春市朝阳区人民大街1号", "朝阳区建国路",
        "湖北省仙桃市仙桃大道1号", "广西壮族自治区南宁市青秀区民族大道", "中国山东省潍坊市潍城区胜利街2号",
        "山东省潍坊市", "山东省潍坊市潍城区", "新疆维吾尔自治区伊犁哈萨克自治州伊宁市解放路", "雁塔区小寨东路", "雁塔路",
        "不详", "", "陕西省西安市雁塔区小寨东路12号",
    ]

    @Test("The resolver answers exactly as the normaliser, whatever it saw before")
    func agreesWithNormaliser() {
        var resolver = AddressResolver()
        // Twice through, and in reverse, so answers come from both memos and from the normaliser.
        for address in Self.addresses + Self.addresses + Self.addresses.reversed() {
            #expect(resolver.adcode(of: address) == AddressNormalizer.normalize(address).adcode, "\(address)")
        }
    }

    @Test("Addresses sharing a district path are answered from the prefix memo")
    func prefixMemo() {
        var memo = PrefixMemo()
        memo.insert(Array("陕西省西安市雁塔区".utf8), adcode: "610113")
        memo.insert(Array("北京市朝阳区".utf8), adcode: "110105")
        let lookup = { (text: String) in Array(text.utf8).withUnsafeBufferPointer { memo.lookup($0) } }
        #expect(lookup("陕西省西安市雁塔区小寨东路99号") == "610113")
        #expect(lookup("北京市朝阳区") == "110105")
        #expect(lookup("陕西省西安市") == nil)
        #expect(lookup("北京市海淀区") == nil)
    }
}
