# frozen_string_literal: true

require 'spec_helper'

{{ c.describe }} Geo::{{ n.replicator_class }} do
  let(:model_record) { build(:{{ n.name }}) }

  it_behaves_like 'a repository replicator'
end
