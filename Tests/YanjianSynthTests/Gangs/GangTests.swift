import Foundation
import Testing
import YanjianCore
import YanjianEval
import YanjianSynth

@Suite("Gangs ship ant-moving parcels, hide behind rotating phones and are linked by what they share")
struct GangTests {
    @Test("Every gang has three tiers with sources, distributors and sellers")
    func tiers() throws {
        for world in [try TestWorlds.clean.get(), try TestWorlds.weifang.get()] {
            #expect(world.truth.gangs.count >= 2)
            for gang in world.truth.gangs {
                #expect(Set(gang.members.map(\.tier)) == [1, 2, 3], "\(gang.gangID) lacks a tier")
                #expect(gang.members.contains { $0.kind == "phone" })
                #expect(gang.members.contains { $0.kind == "account" })
                #expect(!gang.waybills.isEmpty)
            }
        }
    }

    @Test("Gang parcels are one or two cartons at about half a kilogram each, with disguised contents")
    func antMoving() throws {
        let world = try TestWorlds.clean.get()
        let gangWaybills = Set(world.truth.gangs.flatMap(\.waybills))
        let disguises: Set<String> = ["茶叶", "特产", "衣物", "日用品"]
        var seen = 0
        for record in try world.table("waybills.csv").records where gangWaybills.contains(record["waybill_no"] ?? "") {
            seen += 1
            let weight = try #require(Double(record["weight_kg"] ?? ""))
            #expect(weight >= 0.45 && weight <= 1.3, "weight \(weight)")
            #expect(record["pieces"] == "1")
            #expect(disguises.contains(record["item_desc"] ?? ""))
        }
        #expect(seen == gangWaybills.count)
        #expect(Double(seen) < 0.5 * Double(world.summary.rows["waybills.csv"] ?? 0))
    }

    @Test("Sender names change while a small pool of phones repeats (people–goods separation)")
    func rotatingPhones() throws {
        let world = try TestWorlds.clean.get()
        let waybills = try world.table("waybills.csv").records
        for gang in world.truth.gangs {
            let numbers = Set(gang.waybills)
            let parcels = waybills.filter { numbers.contains($0["waybill_no"] ?? "") }
            let phones = Set(parcels.map { $0["sender_phone"] ?? "" })
            let names = Set(parcels.map { $0["sender_name"] ?? "" })
            #expect(names.count > 2 * phones.count, "\(gang.gangID): \(names.count) names over \(phones.count) phones")
            let memberPhones = Set(gang.members.filter { $0.kind == "phone" }.map(\.value))
            #expect(phones.isSubset(of: memberPhones))
        }
    }

    @Test("No background waybill uses a gang phone")
    func noCollisions() throws {
        let world = try TestWorlds.clean.get()
        let gangWaybills = Set(world.truth.gangs.flatMap(\.waybills))
        let gangPhones = Set(world.truth.gangs.flatMap { $0.members.filter { $0.kind == "phone" }.map(\.value) })
        for record in try world.table("waybills.csv").records where !gangWaybills.contains(record["waybill_no"] ?? "") {
            #expect(!gangPhones.contains(record["sender_phone"] ?? ""))
        }
    }

    @Test("At scale 0.2 every gang's buyers span at least ten provinces")
    func provinces() throws {
        let world = try TestWorlds.medium.get()
        let waybills = try world.table("waybills.csv").records
        for gang in world.truth.gangs {
            let numbers = Set(gang.waybills)
            let provinces = Set(waybills.filter { numbers.contains($0["waybill_no"] ?? "") }
                .compactMap { TestParsing.provinceCode(ofAddress: $0["receiver_address"] ?? "") })
            #expect(provinces.count >= 10, "\(gang.gangID) reaches \(provinces.count) provinces")
        }
    }

    @Test("Money flows up the tiers: sellers pay distributors and distributors pay sources")
    func moneyFlowsUp() throws {
        let world = try TestWorlds.clean.get()
        let payments = try world.table("payments.csv").records
        for gang in world.truth.gangs {
            let accounts = gang.members.filter { $0.kind == "account" }
            let tierOf = Dictionary(accounts.map { ($0.value, $0.tier) }, uniquingKeysWith: min)
            var upward = Set<[Int]>()
            for payment in payments {
                guard let from = tierOf[payment["payer_account"] ?? ""], let to = tierOf[payment["payee_account"] ?? ""] else { continue }
                #expect(to < from, "\(gang.gangID) pays from tier \(from) to tier \(to)")
                upward.insert([from, to])
            }
            #expect(upward.contains([3, 2]) && upward.contains([2, 1]), "\(gang.gangID): \(upward)")
        }
    }

    @Test("Some gang members appear in past cases, linked by ID number")
    func pastCases() throws {
        let world = try TestWorlds.clean.get()
        let links = try world.table("case_links.csv").records
        let linkedIDs = Set(links.filter { $0["entity_kind"] == "id_no" }.map { $0["entity_value"] ?? "" })
        let members = world.truth.gangs.flatMap { $0.members.filter { $0.kind == "id_no" }.map(\.value) }
        #expect(members.contains { linkedIDs.contains($0) })
    }

    @Test("Every member value listed in the truth appears in some file")
    func membersAppear() throws {
        let world = try TestWorlds.clean.get()
        var values = Set<String>()
        for file in ["waybills.csv", "persons.csv", "payments.csv", "retailers.csv", "case_links.csv", "business_registry.csv", "plate_reads.csv"] {
            for row in try world.table(file).rows {
                for field in row.fields {
                    values.insert(field)
                    for part in field.split(separator: "|") { values.insert(String(part)) }
                }
            }
        }
        for gang in world.truth.gangs {
            for member in gang.members {
                #expect(values.contains(member.value), "\(gang.gangID) \(member.kind) \(member.value) appears nowhere")
            }
        }
    }

    @Test("Decoy addresses are shared by many senders and receivers, gang members included")
    func sharedAddresses() throws {
        let world = try TestWorlds.clean.get()
        let waybills = try world.table("waybills.csv").records
        for decoy in world.truth.decoys where decoy.kind == "address" && !decoy.note.contains("tea") {
            let uses = waybills.filter { $0["sender_address"] == decoy.value || $0["receiver_address"] == decoy.value }.count
            #expect(uses >= 30, "\(decoy.note): \(uses) uses")
        }
        let tea = try #require(world.truth.decoys.first { $0.kind == "phone" })
        let teaParcels = waybills.filter { $0["sender_phone"] == tea.value }
        #expect(teaParcels.count >= 100)
        #expect(teaParcels.allSatisfy { $0["item_desc"] == "茶叶" })
    }
}
