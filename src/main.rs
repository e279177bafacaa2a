fn main() {
    for w in ["registry","snippet_repository","terraform_state","widget","package_file","status","person","bus","octopus","matrix","analysis","lfs_object","job_artifact","merge_request_diff","pipeline_artifact","box","index","alias","news","equipment","quiz","axis","ox","mouse","child","sheep","knife","half","safe","wharf","dwarf","cherry","hero","photo","day","key","design_management_repository","group_wiki_repository","ci_secure_file","upload","dependency_proxy_blob","dependency_proxy_manifest"] {
        println!("{w} -> {} / {}", cruet::to_plural(w), cruet::to_singular(&cruet::to_plural(w)));
    }
    let mut p = tree_sitter::Parser::new();
    p.set_language(&tree_sitter_ruby::LANGUAGE.into()).unwrap();
    let src = "class GeoNodeStatus < ApplicationRecord\n  include Foo\n  X = %w(\n    a\n    b\n  ).freeze\n  H = {\n    a: 'x',\n    b: 'y'\n  }.freeze\n  attr_in_percentage :a, :b\n  def foo\n    self.a = 1\n  end\n  private\n  def bar; end\nend\nFactoryBot.define do\n  factory :x do\n    trait :healthy do\n      a { 1 }\n    end\n  end\nend\nclasses = [\n  ::Geo::A,\n  ::Geo::B\n]\nmodule EE\n  module Terraform\n    module State\n      extend ActiveSupport::Concern\n      prepended do\n        x\n      end\n    end\n  end\nend\n";
    let t = p.parse(src, None).unwrap();
    println!("{}", t.root_node().to_sexp());
}
