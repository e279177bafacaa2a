# frozen_string_literal: true

require 'spec_helper'

RSpec.describe Geo::WidgetReplicator do
  let(:model_record) { build(:widget) }

  it_behaves_like 'a blob replicator'
end
