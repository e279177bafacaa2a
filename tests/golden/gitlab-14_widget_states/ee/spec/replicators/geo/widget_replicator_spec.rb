# frozen_string_literal: true

require 'spec_helper'

RSpec.describe Geo::WidgetReplicator do
  let(:model_record) { build(:widget) }

  include_examples 'a blob replicator'
  include_examples 'a verifiable replicator'
end
