//! The status spec (`ee/spec/models/geo_node_status_spec.rb`): the per-type
//! `describe '#x_...'` blocks inside `describe GeoNodeStatus`.

use anyhow::{Result, anyhow};

use crate::names::Names;
use crate::patch::list::{Item, Source};
use crate::patch::ruby::{Node, Ruby, one};
use crate::patch::{Mode, Types};
use crate::render::Context;

pub const PATH: &str = "ee/spec/models/geo_node_status_spec.rb";

const SPEC_BLOCKS: &[(&str, &str)] = &[
    (
        "package_files_checksummed_count",
        "describe '#package_files_checksummed_count' do
  before do
    stub_current_geo_node(primary)
  end

  it 'counts checksummed package files' do
    create(:package_file, verification_checksum: 'abc')
    create(:package_file, verification_checksum: nil)

    expect(subject.package_files_checksummed_count).to eq(1)
  end
end
",
    ),
    (
        "package_files_checksum_failed_count",
        "describe '#package_files_checksum_failed_count' do
  before do
    stub_current_geo_node(primary)
  end

  it 'counts package files that failed to checksum' do
    create(:package_file, verification_failure: 'Could not calculate the checksum')
    create(:package_file, verification_failure: nil)

    expect(subject.package_files_checksum_failed_count).to eq(1)
  end
end
",
    ),
    (
        "package_files_checksummed_in_percentage",
        "describe '#package_files_checksummed_in_percentage' do
  before do
    stub_current_geo_node(primary)
  end

  it 'returns 0 when no package files are available' do
    expect(subject.package_files_checksummed_in_percentage).to eq(0)
  end
end
",
    ),
];

/// The block of the top-level `describe <subject>` call.
fn describe_block<'t>(rb: &'t Ruby, subject: &str, path: &str) -> Result<Node<'t>> {
    let describes = rb.calls(rb.root(), "describe", |a| a == subject);
    let describe = one(describes, path, &format!("a `describe {subject}` block"))?;
    describe
        .block()
        .ok_or_else(|| anyhow!("{path}: expected a do-block after `describe {subject}`"))
}

pub fn patch(src: &str, types: &Types, mode: Mode, _ctx: &Context) -> Result<String> {
    let path = PATH;
    let rb = Ruby::parse(src, path)?;
    let block = describe_block(&rb, "GeoNodeStatus", path)?;
    let items: Vec<Item> = block
        .statements()
        .into_iter()
        .filter(|s| rb.call_name(*s) == Some("describe"))
        .filter_map(|s| {
            let arg = rb.text(*s.args().first()?);
            let key = arg
                .trim_matches(|c| c == '\'' || c == '"')
                .strip_prefix('#')?;
            Some(rb.item(s, key))
        })
        .collect();
    let list = rb.spec_blocks(block, items, Names::status_prefix, "describe GeoNodeStatus");
    let edits = list.edits(types, mode, Source::copy(SPEC_BLOCKS));
    rb.finish(path, edits)
}
